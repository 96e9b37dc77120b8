// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {BondTestBase} from "./BondTestBase.sol";
import {Token} from "../../src/token/Token.sol";
import {IBond} from "../../src/interfaces/IBond.sol";
import {Bond} from "../../src/bond/Bond.sol";
import {TestUSD} from "../../src/payment/TestUSD.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @dev Drives the Bond contract with funding, holder and batch redemptions, reclaims, and the token moves around
/// them (transfers, mints after funding, freezes), across the maturity date. Ghosts count what the handler saw
/// succeed; the invariants compare them with the contract's accounts and the balances.
contract BondHandler is Test {
    Bond internal immutable bond;
    Token internal immutable t;
    TestUSD internal immutable usd;
    address internal immutable ops;
    address internal immutable issuer;
    address[] internal actors;

    uint256 public ghostFunded;
    uint256 public ghostPaid;
    uint256 public ghostReclaimed;
    uint256 public ghostBurned;
    uint256 public ghostMinted;
    uint256 public ghostRedemptions;

    constructor(
        Bond b,
        Token token,
        TestUSD u,
        address ops_,
        address issuer_,
        address[] memory actors_,
        uint256 minted
    ) {
        bond = b;
        t = token;
        usd = u;
        ops = ops_;
        issuer = issuer_;
        actors = actors_;
        ghostMinted = minted;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    function fund(uint256 amount) external {
        amount = bound(amount, 1, 200_000e6);
        vm.prank(ops);
        try bond.fundRedemption(address(t), amount) {
            ghostFunded += amount;
        } catch {}
    }

    function redeem(uint256 actorSeed, uint256 amount) external {
        address a = _actor(actorSeed);
        amount = bound(amount, 0, t.balanceOf(a));
        uint256 supply = t.totalSupply();
        vm.prank(a);
        try bond.redeemAtMaturity(address(t), amount) returns (uint256 payment) {
            ghostPaid += payment;
            ghostBurned += supply - t.totalSupply();
            ++ghostRedemptions;
            assertEq(supply - t.totalSupply(), amount, "burned what was asked");
        } catch {}
    }

    function redeemFor(uint256 seed) external {
        address[] memory batch = new address[](3);
        for (uint256 i; i < 3; ++i) {
            batch[i] = _actor(seed >> (8 * i));
        }
        uint256 supply = t.totalSupply();
        vm.prank(ops);
        try bond.redeemAtMaturityFor(address(t), batch) returns (uint256 redeemed, uint256 paid) {
            ghostPaid += paid;
            ghostBurned += supply - t.totalSupply();
            ghostRedemptions += redeemed;
        } catch {}
    }

    function reclaim() external {
        vm.prank(ops);
        try bond.reclaimExcess(address(t), issuer) returns (uint256 amount) {
            ghostReclaimed += amount;
        } catch {}
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        amount = bound(amount, 0, t.balanceOf(from));
        vm.prank(from);
        try t.transfer(_actor(toSeed), amount) {} catch {}
    }

    function mint(uint256 actorSeed, uint256 amount) external {
        amount = bound(amount, 1, 5e18);
        vm.prank(issuer);
        try t.mint(_actor(actorSeed), amount) {
            ghostMinted += amount;
        } catch {}
    }

    function freeze(uint256 actorSeed, bool frozen) external {
        vm.prank(issuer);
        t.setAddressFrozen(_actor(actorSeed), frozen);
    }

    function warp(uint256 secs) external {
        vm.warp(block.timestamp + bound(secs, 12 hours, 30 days));
    }
}

contract BondInvariantTest is BondTestBase {
    /// @dev An uneven face value (999.999999 TUSD), so fractional redemptions round.
    uint128 internal constant ODD_FACE = 999_999_999;
    BondHandler internal handler;
    address[] internal actors;

    function setUp() public override {
        super.setUp();
        maturityDate = uint48(block.timestamp + 1 days); // one warp away: runs see both sides
        IBond.BondTerms memory terms = _terms();
        terms.faceValue = ODD_FACE;
        vm.prank(ops);
        bond.setTerms(address(bondToken), terms);
        actors.push(alice);
        actors.push(bob);
        actors.push(carol);
        uint256 minted;
        for (uint256 i; i < actors.length; ++i) {
            vm.prank(officer);
            registry.setKycExpiry(actors[i], uint64(block.timestamp + 3650 days));
            uint256 amount = (i + 1) * 10e18 + 123_456_789;
            _mintBond(actors[i], amount);
            minted += amount;
        }
        handler = new BondHandler(bond, bondToken, usd, ops, issuer, actors, minted);
        vm.prank(ops);
        usd.approve(address(bond), type(uint256).max);
        targetContract(address(handler));
    }

    /// @dev Payments made never exceed the funds: paid + reclaimed <= funded, and the contract holds the rest.
    function invariant_paymentsNeverExceedFunds() public view {
        IBond.Redemption memory r = bond.redemption(address(bondToken));
        assertEq(r.funded, handler.ghostFunded(), "funded");
        assertEq(r.paid, handler.ghostPaid(), "paid");
        assertEq(r.reclaimed, handler.ghostReclaimed(), "reclaimed");
        assertLe(uint256(r.paid) + r.reclaimed, r.funded, "paid + reclaimed <= funded");
        assertEq(usd.balanceOf(address(bond)), uint256(r.funded) - r.paid - r.reclaimed, "held = funded - out");
    }

    /// @dev Tokens burned x face value / 10**decimals equals the payments made, within one base unit per redemption
    /// (each payment rounds down, in the issuer's favour).
    function invariant_paymentsMatchBurnedAtFaceValue() public view {
        uint256 exact = Math.mulDiv(handler.ghostBurned(), ODD_FACE, 1e18);
        uint256 paid = handler.ghostPaid();
        assertLe(paid, exact, "never above face value");
        assertLe(exact - paid, handler.ghostRedemptions(), "within one base unit per redemption");
    }

    /// @dev No token is lost: supply plus burned equals minted.
    function invariant_noTokenLost() public view {
        assertEq(bondToken.totalSupply() + handler.ghostBurned(), handler.ghostMinted(), "supply + burned = minted");
    }
}
