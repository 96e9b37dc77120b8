// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "../utils/Fixture.sol";
import {Token} from "../../src/token/Token.sol";
import {ITokenFactory} from "../../src/interfaces/ITokenFactory.sol";
import {IBond} from "../../src/interfaces/IBond.sol";
import {Bond} from "../../src/bond/Bond.sol";
import {TestUSD} from "../../src/payment/TestUSD.sol";
import {Roles} from "../../src/libraries/Roles.sol";
import {
    AccessManagerUpgradeable
} from "@openzeppelin/contracts-upgradeable/access/manager/AccessManagerUpgradeable.sol";

/// @dev The platform (Fixture), a bond asset (18 decimals, no compliance rules), TestUSD (6 decimals) and the Bond
/// contract holding SUPPLY on the bond's AccessManager; `ops` holds CORPORATE_ACTIONS and 100M TUSD approved to the
/// Bond contract. Terms: 1,000 TUSD face value per token, 5% semi-annual, 30/360, five years from now.
abstract contract BondTestBase is Fixture {
    uint128 internal constant FACE = 1000e6;
    uint32 internal constant RATE = 5_000_000; // 5.00% per year
    uint48 internal issueDate;
    uint48 internal maturityDate;

    Bond internal bond;
    TestUSD internal usd;
    Token internal bondToken;
    AccessManagerUpgradeable internal bondManager;
    address internal ops = makeAddr("ops");

    function setUp() public virtual override {
        super.setUp();
        bond = new Bond(address(factory));
        vm.prank(issuer);
        usd = new TestUSD(issuer);
        bondToken = _deployBond(18);
        bondManager = AccessManagerUpgradeable(bondToken.authority());
        _grantBondRoles(bondToken);
        vm.prank(issuer);
        usd.mint(ops, 100_000_000e6);
        vm.prank(ops);
        usd.approve(address(bond), type(uint256).max);
        issueDate = uint48(block.timestamp);
        maturityDate = uint48(block.timestamp + 5 * 365 days);
    }

    function _deployBond(uint8 decimals) internal returns (Token t) {
        ITokenFactory.AssetParams memory p;
        p.name = "Tessera 5% 2031";
        p.symbol = "TB31";
        p.decimals = decimals;
        p.assetClass = 1;
        vm.prank(issuer);
        (address ta,) = factory.deployAsset(p);
        t = Token(ta);
    }

    /// @dev What seedDemo / the factory must do for a bond: SUPPLY to the Bond contract, CORPORATE_ACTIONS to ops.
    function _grantBondRoles(Token t) internal {
        AccessManagerUpgradeable m = AccessManagerUpgradeable(t.authority());
        vm.startPrank(issuer);
        m.grantRole(Roles.SUPPLY, address(bond), 0);
        m.grantRole(Roles.CORPORATE_ACTIONS, ops, 0);
        vm.stopPrank();
    }

    function _terms() internal view returns (IBond.BondTerms memory) {
        return IBond.BondTerms({
            paymentToken: address(usd),
            issueDate: issueDate,
            couponFrequency: 2,
            dayCount: 2,
            couponRate: RATE,
            faceValue: FACE,
            maturityDate: maturityDate
        });
    }

    function _setTerms() internal {
        vm.prank(ops);
        bond.setTerms(address(bondToken), _terms());
    }

    function _mintBond(address to, uint256 amount) internal {
        vm.prank(issuer);
        bondToken.mint(to, amount);
    }

    function _fund(uint256 amount) internal {
        vm.prank(ops);
        bond.fundRedemption(address(bondToken), amount);
    }

    /// @dev Terms set, alice 100 and bob 50 tokens, time at maturity, the whole supply funded (redemptions open).
    function _openRedemption() internal {
        _setTerms();
        _mintBond(alice, 100e18);
        _mintBond(bob, 50e18);
        vm.warp(maturityDate);
        _fund(150 * uint256(FACE));
    }
}
