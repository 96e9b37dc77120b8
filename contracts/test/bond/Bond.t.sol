// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {BondTestBase} from "./BondTestBase.sol";
import {Token} from "../../src/token/Token.sol";
import {IBond} from "../../src/interfaces/IBond.sol";
import {IToken} from "../../src/interfaces/IToken.sol";
import {Bond} from "../../src/bond/Bond.sol";
import {Roles} from "../../src/libraries/Roles.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

contract BondTest is BondTestBase {
    // ------------------------------------------------------------------ constructor

    function test_constructor_RevertWhen_FactoryZero() public {
        vm.expectRevert(abi.encodeWithSelector(IToken.InvalidAddress.selector, address(0)));
        new Bond(address(0));
    }

    function test_constructor_Success_WhenFactoryGiven() public view {
        assertEq(bond.factory(), address(factory));
        assertEq(bond.RATE_SCALE(), 1e8);
    }

    // ------------------------------------------------------------------ setTerms

    function test_setTerms_Success_WhenCorporateActions() public {
        IBond.BondTerms memory t = _terms();
        vm.expectEmit(address(bond));
        emit IBond.BondTermsSet(address(bondToken), address(usd), FACE, RATE, 2, 2, t.issueDate, t.maturityDate);
        vm.prank(ops);
        bond.setTerms(address(bondToken), t);
        IBond.BondTerms memory s = bond.terms(address(bondToken));
        assertEq(s.paymentToken, address(usd));
        assertEq(s.faceValue, FACE);
        assertEq(s.couponRate, RATE);
        assertEq(s.couponFrequency, 2);
        assertEq(s.dayCount, 2);
        assertEq(s.issueDate, t.issueDate);
        assertEq(s.maturityDate, t.maturityDate);
    }

    function test_setTerms_Success_WhenZeroCoupon() public {
        IBond.BondTerms memory t = _terms();
        t.couponFrequency = 0;
        t.couponRate = 0;
        vm.prank(ops);
        bond.setTerms(address(bondToken), t);
        assertEq(bond.terms(address(bondToken)).couponFrequency, 0);
    }

    function test_setTerms_Success_WhenEveryFrequencyAndDayCount() public {
        uint8[4] memory freqs = [uint8(1), 2, 4, 12];
        for (uint256 i; i < 4; ++i) {
            Token t = _deployBond(6);
            _grantBondRoles(t);
            IBond.BondTerms memory terms = _terms();
            terms.couponFrequency = freqs[i];
            terms.dayCount = uint8(i % 3);
            terms.issueDate = uint48(block.timestamp + 30 days); // a forward issue date is allowed
            vm.prank(ops);
            bond.setTerms(address(t), terms);
            assertEq(bond.terms(address(t)).couponFrequency, freqs[i]);
        }
    }

    function test_setTerms_RevertWhen_UnknownToken() public {
        address fake = address(usd); // an ERC-20 the factory did not deploy
        vm.expectRevert(abi.encodeWithSelector(IBond.UnknownToken.selector, fake));
        vm.prank(ops);
        bond.setTerms(fake, _terms());
    }

    function test_setTerms_RevertWhen_CallerLacksRole() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessManager.AccessManagerUnauthorizedAccount.selector, alice, Roles.CORPORATE_ACTIONS
            )
        );
        vm.prank(alice);
        bond.setTerms(address(bondToken), _terms());
    }

    function test_setTerms_RevertWhen_IssuerWithoutRole() public {
        // The issuer is admin (role 0) but not CORPORATE_ACTIONS: admin grants roles, it does not act for them.
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessManager.AccessManagerUnauthorizedAccount.selector, issuer, Roles.CORPORATE_ACTIONS
            )
        );
        vm.prank(issuer);
        bond.setTerms(address(bondToken), _terms());
    }

    function test_setTerms_RevertWhen_RoleHasDelay() public {
        vm.prank(issuer);
        bondManager.grantRole(Roles.CORPORATE_ACTIONS, carol, 1 days);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessManager.AccessManagerUnauthorizedAccount.selector, carol, Roles.CORPORATE_ACTIONS
            )
        );
        vm.prank(carol);
        bond.setTerms(address(bondToken), _terms());
    }

    function test_setTerms_RevertWhen_RoleOnAnotherAsset() public {
        // ops holds CORPORATE_ACTIONS on bondToken only; a second bond's manager does not know it.
        Token other = _deployBond(18);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessManager.AccessManagerUnauthorizedAccount.selector, ops, Roles.CORPORATE_ACTIONS
            )
        );
        vm.prank(ops);
        bond.setTerms(address(other), _terms());
    }

    function test_setTerms_RevertWhen_NotABond() public {
        _grantBondRoles(token); // the fixture's asset is a fund share (class 0)
        vm.expectRevert(abi.encodeWithSelector(IBond.NotABond.selector, address(token), uint8(0)));
        vm.prank(ops);
        bond.setTerms(address(token), _terms());
    }

    function test_setTerms_RevertWhen_AlreadySet() public {
        _setTerms();
        vm.expectRevert(abi.encodeWithSelector(IBond.BondTermsAlreadySet.selector, address(bondToken)));
        vm.prank(ops);
        bond.setTerms(address(bondToken), _terms());
    }

    function test_setTerms_RevertWhen_PaymentTokenZero() public {
        IBond.BondTerms memory t = _terms();
        t.paymentToken = address(0);
        _expectTermsRevert(t, abi.encodeWithSelector(IBond.InvalidPaymentToken.selector, address(0)));
    }

    function test_setTerms_RevertWhen_PaymentTokenHasNoCode() public {
        IBond.BondTerms memory t = _terms();
        t.paymentToken = alice;
        _expectTermsRevert(t, abi.encodeWithSelector(IBond.InvalidPaymentToken.selector, alice));
    }

    function test_setTerms_RevertWhen_PaymentTokenIsTheBond() public {
        IBond.BondTerms memory t = _terms();
        t.paymentToken = address(bondToken);
        _expectTermsRevert(t, abi.encodeWithSelector(IBond.InvalidPaymentToken.selector, address(bondToken)));
    }

    function test_setTerms_RevertWhen_FaceValueZero() public {
        IBond.BondTerms memory t = _terms();
        t.faceValue = 0;
        _expectTermsRevert(t, abi.encodeWithSelector(IBond.InvalidFaceValue.selector));
    }

    function test_setTerms_RevertWhen_FrequencyInvalid() public {
        uint8[5] memory bad = [uint8(3), 5, 6, 24, 255];
        for (uint256 i; i < bad.length; ++i) {
            IBond.BondTerms memory t = _terms();
            t.couponFrequency = bad[i];
            _expectTermsRevert(t, abi.encodeWithSelector(IBond.InvalidCouponFrequency.selector, bad[i]));
        }
    }

    function test_setTerms_RevertWhen_RateAbove100Percent() public {
        IBond.BondTerms memory t = _terms();
        t.couponRate = 1e8 + 1;
        _expectTermsRevert(t, abi.encodeWithSelector(IBond.InvalidCouponRate.selector, uint32(1e8 + 1), uint8(2)));
    }

    function test_setTerms_RevertWhen_CouponBondWithZeroRate() public {
        IBond.BondTerms memory t = _terms();
        t.couponRate = 0;
        _expectTermsRevert(t, abi.encodeWithSelector(IBond.InvalidCouponRate.selector, uint32(0), uint8(2)));
    }

    function test_setTerms_RevertWhen_ZeroCouponWithRate() public {
        IBond.BondTerms memory t = _terms();
        t.couponFrequency = 0;
        _expectTermsRevert(t, abi.encodeWithSelector(IBond.InvalidCouponRate.selector, RATE, uint8(0)));
    }

    function test_setTerms_RevertWhen_DayCountInvalid() public {
        IBond.BondTerms memory t = _terms();
        t.dayCount = 3;
        _expectTermsRevert(t, abi.encodeWithSelector(IBond.InvalidDayCount.selector, uint8(3)));
    }

    function test_setTerms_RevertWhen_IssueDateZero() public {
        IBond.BondTerms memory t = _terms();
        t.issueDate = 0;
        _expectTermsRevert(t, abi.encodeWithSelector(IBond.InvalidBondDates.selector, uint48(0), t.maturityDate));
    }

    function test_setTerms_RevertWhen_MaturityNotAfterIssue() public {
        IBond.BondTerms memory t = _terms();
        t.issueDate = t.maturityDate;
        _expectTermsRevert(t, abi.encodeWithSelector(IBond.InvalidBondDates.selector, t.maturityDate, t.maturityDate));
        t.issueDate = t.maturityDate + 1;
        _expectTermsRevert(
            t, abi.encodeWithSelector(IBond.InvalidBondDates.selector, t.maturityDate + 1, t.maturityDate)
        );
    }

    function test_setTerms_RevertWhen_MaturityInPast() public {
        IBond.BondTerms memory t = _terms();
        t.issueDate = uint48(block.timestamp - 400 days);
        t.maturityDate = uint48(block.timestamp);
        _expectTermsRevert(t, abi.encodeWithSelector(IBond.MaturityInPast.selector, t.maturityDate, block.timestamp));
    }

    function _expectTermsRevert(IBond.BondTerms memory t, bytes memory err) internal {
        vm.expectRevert(err);
        vm.prank(ops);
        bond.setTerms(address(bondToken), t);
    }

    // ------------------------------------------------------------------ fundRedemption

    function test_fundRedemption_RevertWhen_TermsNotSet() public {
        vm.expectRevert(abi.encodeWithSelector(IBond.BondTermsNotSet.selector, address(bondToken)));
        _fund(1);
    }

    function test_fundRedemption_RevertWhen_BeforeMaturity() public {
        _setTerms();
        vm.warp(maturityDate - 1);
        vm.expectRevert(abi.encodeWithSelector(IBond.BondNotMatured.selector, address(bondToken), maturityDate));
        _fund(1);
    }

    function test_fundRedemption_RevertWhen_Zero() public {
        _setTerms();
        vm.warp(maturityDate);
        vm.expectRevert(IBond.ZeroFunding.selector);
        _fund(0);
    }

    function test_fundRedemption_RevertWhen_CallerLacksRole() public {
        _setTerms();
        vm.warp(maturityDate);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessManager.AccessManagerUnauthorizedAccount.selector, alice, Roles.CORPORATE_ACTIONS
            )
        );
        vm.prank(alice);
        bond.fundRedemption(address(bondToken), 1);
    }

    function test_fundRedemption_RevertWhen_UnknownToken() public {
        vm.expectRevert(abi.encodeWithSelector(IBond.UnknownToken.selector, address(usd)));
        vm.prank(ops);
        bond.fundRedemption(address(usd), 1);
    }

    function test_fundRedemption_Success_WhenIncrementalThenMatured() public {
        _setTerms();
        _mintBond(alice, 100e18);
        _mintBond(bob, 50e18);
        vm.warp(maturityDate);
        uint256 required = 150 * uint256(FACE);
        assertEq(bond.redemptionRequired(address(bondToken)), required);

        vm.expectEmit(address(bond));
        emit IBond.RedemptionFunded(address(bondToken), ops, 100_000e6, 100_000e6);
        _fund(100_000e6);
        assertFalse(bond.redemption(address(bondToken)).matured, "partly funded: not matured");
        vm.expectRevert(
            abi.encodeWithSelector(IBond.RedemptionNotFunded.selector, address(bondToken), 100_000e6, required)
        );
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 1e18);

        vm.expectEmit(address(bond));
        emit IBond.RedemptionFunded(address(bondToken), ops, 50_000e6, required);
        vm.expectEmit(address(bond));
        emit IBond.BondMatured(address(bondToken), 150e18, required);
        _fund(50_000e6);
        IBond.Redemption memory r = bond.redemption(address(bondToken));
        assertTrue(r.matured);
        assertEq(r.funded, required);
        assertEq(usd.balanceOf(address(bond)), required);
    }

    // ------------------------------------------------------------------ redeemAtMaturity

    function test_redeemAtMaturity_RevertWhen_BeforeMaturity() public {
        _setTerms();
        _mintBond(alice, 100e18);
        vm.warp(maturityDate - 1);
        vm.expectRevert(abi.encodeWithSelector(IBond.BondNotMatured.selector, address(bondToken), maturityDate));
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 1e18);
    }

    function test_redeemAtMaturity_RevertWhen_NotFunded() public {
        _setTerms();
        _mintBond(alice, 100e18);
        vm.warp(maturityDate);
        vm.expectRevert(
            abi.encodeWithSelector(IBond.RedemptionNotFunded.selector, address(bondToken), 0, 100 * uint256(FACE))
        );
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 1e18);
    }

    function test_redeemAtMaturity_RevertWhen_TermsNotSet() public {
        vm.expectRevert(abi.encodeWithSelector(IBond.BondTermsNotSet.selector, address(bondToken)));
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 1e18);
    }

    function test_redeemAtMaturity_RevertWhen_UnknownToken() public {
        vm.expectRevert(abi.encodeWithSelector(IBond.UnknownToken.selector, address(usd)));
        vm.prank(alice);
        bond.redeemAtMaturity(address(usd), 1e18);
    }

    function test_redeemAtMaturity_Success_WhenOpen() public {
        _openRedemption();
        vm.expectEmit(address(bond));
        emit IBond.RedeemedAtMaturity(address(bondToken), alice, alice, 40e18, 40_000e6);
        vm.prank(alice);
        uint256 payment = bond.redeemAtMaturity(address(bondToken), 40e18);
        assertEq(payment, 40_000e6);
        assertEq(bondToken.balanceOf(alice), 60e18);
        assertEq(bondToken.totalSupply(), 110e18);
        assertEq(usd.balanceOf(alice), 40_000e6);
        assertEq(bond.redemption(address(bondToken)).paid, 40_000e6);
        assertEq(usd.balanceOf(address(bond)), 110_000e6);
    }

    function test_redeemAtMaturity_Success_WhenFractionRoundsDown() public {
        _openRedemption();
        // 1.2345678901234567 tokens at 1,000 TUSD: 1234.5678901234567 TUSD -> 1234.567890 (rounded down)
        vm.prank(alice);
        uint256 payment = bond.redeemAtMaturity(address(bondToken), 1_234_567_890_123_456_789);
        assertEq(payment, 1234_567890);
    }

    function test_redeemAtMaturity_RevertWhen_Zero() public {
        _openRedemption();
        vm.expectRevert(abi.encodeWithSelector(IBond.RedemptionAmountTooSmall.selector, 0));
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 0);
    }

    function test_redeemAtMaturity_RevertWhen_DustPaysNothing() public {
        _openRedemption();
        // 1e9 base units = 1e-9 token = 0.000001 TUSD exactly: pays 1; one base unit less pays 0.
        vm.prank(alice);
        assertEq(bond.redeemAtMaturity(address(bondToken), 1e9), 1);
        vm.expectRevert(abi.encodeWithSelector(IBond.RedemptionAmountTooSmall.selector, 1e9 - 1));
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 1e9 - 1);
    }

    function test_redeemAtMaturity_RevertWhen_AboveBalance() public {
        _openRedemption();
        vm.expectRevert(abi.encodeWithSelector(IBond.RedemptionExceedsRedeemable.selector, alice, 100e18, 100e18 + 1));
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 100e18 + 1);
    }

    function test_redeemAtMaturity_RevertWhen_WalletFrozen() public {
        _openRedemption();
        vm.prank(issuer);
        bondToken.setAddressFrozen(alice, true);
        vm.expectRevert(abi.encodeWithSelector(IToken.WalletFrozen.selector, alice));
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 1e18);
        assertEq(bond.redeemableBalance(address(bondToken), alice), 0);
    }

    function test_redeemAtMaturity_RevertWhen_TokensFrozen() public {
        _openRedemption();
        vm.prank(issuer);
        bondToken.freezePartialTokens(alice, 30e18);
        assertEq(bond.redeemableBalance(address(bondToken), alice), 70e18);
        vm.expectRevert(abi.encodeWithSelector(IBond.RedemptionExceedsRedeemable.selector, alice, 70e18, 71e18));
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 71e18);
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 70e18);
        assertEq(bondToken.balanceOf(alice), 30e18);
        assertEq(bondToken.getFrozenTokens(alice), 30e18, "frozen tokens untouched");
    }

    function test_redeemAtMaturity_RevertWhen_TokensLocked() public {
        _openRedemption();
        address locker = makeAddr("locker");
        vm.prank(issuer);
        bondToken.setLocker(locker, true);
        vm.prank(locker);
        bondToken.lock(alice, 25e18);
        assertEq(bond.redeemableBalance(address(bondToken), alice), 75e18);
        vm.expectRevert(abi.encodeWithSelector(IBond.RedemptionExceedsRedeemable.selector, alice, 75e18, 76e18));
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 76e18);
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 75e18);
        assertEq(bondToken.getLockedTokens(alice), 25e18, "the locker's tokens untouched");
    }

    function test_redeemAtMaturity_Success_WhenPausedOrKycLapsed() public {
        _openRedemption();
        vm.prank(issuer);
        bondToken.pause();
        vm.prank(officer);
        registry.setKycExpiry(alice, uint64(block.timestamp - 1));
        assertFalse(registry.isVerified(alice));
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 100e18);
        assertEq(bondToken.balanceOf(alice), 0);
        assertEq(usd.balanceOf(alice), 100_000e6);
    }

    function test_redeemAtMaturity_RevertWhen_OverDraw() public {
        _openRedemption();
        _renewKyc(carol);
        _mintBond(carol, 10e18); // minted after funding: the funds cover 150 of 160 tokens
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 100e18);
        vm.prank(bob);
        bond.redeemAtMaturity(address(bondToken), 45e18);
        // 5,000 TUSD left for carol's 10,000
        vm.expectRevert(
            abi.encodeWithSelector(IBond.InsufficientRedemptionFunds.selector, address(bondToken), 5000e6, 10_000e6)
        );
        vm.prank(carol);
        bond.redeemAtMaturity(address(bondToken), 10e18);
        // Funding the difference lets her redeem.
        _fund(5000e6);
        vm.prank(carol);
        bond.redeemAtMaturity(address(bondToken), 10e18);
        assertEq(usd.balanceOf(address(bond)), 0);
        assertEq(bond.redemptionRequired(address(bondToken)), 5000e6, "bob's 5 tokens still need funding");
    }

    function test_redeemAtMaturity_RevertWhen_BondLacksSupplyRole() public {
        _openRedemption();
        vm.prank(issuer);
        bondManager.revokeRole(Roles.SUPPLY, address(bond));
        vm.expectRevert(abi.encodeWithSignature("CallerNotAgent(address)", address(bond)));
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 1e18);
    }

    // ------------------------------------------------------------------ redeemAtMaturityFor

    function test_redeemAtMaturityFor_Success_WhenBatch() public {
        _openRedemption();
        _renewKyc(carol);
        _mintBond(carol, 1e18); // after funding; 1,000 TUSD short, but carol is frozen and skipped
        vm.prank(issuer);
        bondToken.setAddressFrozen(carol, true);
        address[] memory holders = new address[](4);
        holders[0] = alice;
        holders[1] = carol;
        holders[2] = dave; // holds nothing
        holders[3] = bob;
        vm.expectEmit(address(bond));
        emit IBond.RedeemedAtMaturity(address(bondToken), alice, ops, 100e18, 100_000e6);
        vm.expectEmit(address(bond));
        emit IBond.RedeemedAtMaturity(address(bondToken), bob, ops, 50e18, 50_000e6);
        vm.prank(ops);
        (uint256 redeemed, uint256 paid) = bond.redeemAtMaturityFor(address(bondToken), holders);
        assertEq(redeemed, 2);
        assertEq(paid, 150_000e6);
        assertEq(bondToken.balanceOf(alice), 0);
        assertEq(bondToken.balanceOf(bob), 0);
        assertEq(bondToken.balanceOf(carol), 1e18, "frozen wallet skipped");
        assertEq(usd.balanceOf(alice), 100_000e6);
        assertEq(usd.balanceOf(bob), 50_000e6);
        assertEq(bond.redemption(address(bondToken)).paid, 150_000e6);
    }

    function test_redeemAtMaturityFor_Success_WhenPartlyFrozen() public {
        _openRedemption();
        vm.prank(issuer);
        bondToken.freezePartialTokens(alice, 1e18);
        address[] memory holders = new address[](1);
        holders[0] = alice;
        vm.prank(ops);
        (uint256 redeemed, uint256 paid) = bond.redeemAtMaturityFor(address(bondToken), holders);
        assertEq(redeemed, 1);
        assertEq(paid, 99_000e6);
        assertEq(bondToken.balanceOf(alice), 1e18);
    }

    function test_redeemAtMaturityFor_RevertWhen_CallerLacksRole() public {
        _openRedemption();
        address[] memory holders = new address[](1);
        holders[0] = alice;
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessManager.AccessManagerUnauthorizedAccount.selector, bob, Roles.CORPORATE_ACTIONS
            )
        );
        vm.prank(bob);
        bond.redeemAtMaturityFor(address(bondToken), holders);
    }

    function test_redeemAtMaturityFor_RevertWhen_NotFunded() public {
        _setTerms();
        _mintBond(alice, 1e18);
        vm.warp(maturityDate);
        address[] memory holders = new address[](1);
        holders[0] = alice;
        vm.expectRevert(
            abi.encodeWithSelector(IBond.RedemptionNotFunded.selector, address(bondToken), 0, uint256(FACE))
        );
        vm.prank(ops);
        bond.redeemAtMaturityFor(address(bondToken), holders);
    }

    function test_redeemAtMaturityFor_RevertWhen_BeforeMaturity() public {
        _setTerms();
        address[] memory holders = new address[](0);
        vm.expectRevert(abi.encodeWithSelector(IBond.BondNotMatured.selector, address(bondToken), maturityDate));
        vm.prank(ops);
        bond.redeemAtMaturityFor(address(bondToken), holders);
    }

    function test_redeemAtMaturityFor_RevertWhen_OverDraw() public {
        _openRedemption();
        _renewKyc(carol);
        _mintBond(carol, 10e18);
        address[] memory holders = new address[](3);
        holders[0] = alice;
        holders[1] = bob;
        holders[2] = carol;
        vm.expectRevert(
            abi.encodeWithSelector(IBond.InsufficientRedemptionFunds.selector, address(bondToken), 0, 10_000e6)
        );
        vm.prank(ops);
        bond.redeemAtMaturityFor(address(bondToken), holders);
        assertEq(bondToken.balanceOf(alice), 100e18, "all or nothing");
    }

    // ------------------------------------------------------------------ reclaimExcess

    function test_reclaimExcess_Success_WhenOverfundedThenRedeemed() public {
        _openRedemption();
        _fund(123e6); // over
        vm.expectEmit(address(bond));
        emit IBond.RedemptionExcessReclaimed(address(bondToken), issuer, 123e6);
        vm.prank(ops);
        assertEq(bond.reclaimExcess(address(bondToken), issuer), 123e6);
        vm.expectRevert(abi.encodeWithSelector(IBond.NothingToReclaim.selector, address(bondToken)));
        vm.prank(ops);
        bond.reclaimExcess(address(bondToken), issuer);

        // Alice redeems a fraction (rounded down): the remainder stays until the supply is gone.
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 1e18 + 1);
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 99e18 - 1);
        vm.prank(bob);
        bond.redeemAtMaturity(address(bondToken), 50e18);
        assertEq(bondToken.totalSupply(), 0);
        // 1e18+1 pays 1,000 TUSD (the extra base unit is worth 1e-9 of a TUSD base unit), 99e18-1 pays one TUSD base
        // unit less than 99,000: the rounding remainder stays with the bond until the supply is gone.
        assertEq(usd.balanceOf(address(bond)), 1);
        vm.prank(ops);
        assertEq(bond.reclaimExcess(address(bondToken), issuer), 1);
        assertEq(usd.balanceOf(address(bond)), 0);
    }

    function test_reclaimExcess_Success_WhenFrozenHolderKeepsItsShare() public {
        _openRedemption();
        vm.prank(issuer);
        bondToken.setAddressFrozen(bob, true);
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 100e18);
        vm.expectRevert(abi.encodeWithSelector(IBond.NothingToReclaim.selector, address(bondToken)));
        vm.prank(ops);
        bond.reclaimExcess(address(bondToken), issuer);
        assertEq(usd.balanceOf(address(bond)), 50_000e6, "bob's share stays");
    }

    function test_reclaimExcess_RevertWhen_CallerLacksRole() public {
        _openRedemption();
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessManager.AccessManagerUnauthorizedAccount.selector, alice, Roles.CORPORATE_ACTIONS
            )
        );
        vm.prank(alice);
        bond.reclaimExcess(address(bondToken), alice);
    }

    function test_reclaimExcess_RevertWhen_TermsNotSet() public {
        vm.expectRevert(abi.encodeWithSelector(IBond.BondTermsNotSet.selector, address(bondToken)));
        vm.prank(ops);
        bond.reclaimExcess(address(bondToken), issuer);
    }

    function test_reclaimExcess_RevertWhen_ToZero() public {
        _openRedemption();
        vm.expectRevert(abi.encodeWithSelector(IToken.InvalidAddress.selector, address(0)));
        vm.prank(ops);
        bond.reclaimExcess(address(bondToken), address(0));
    }

    // ------------------------------------------------------------------ fuzz: payout math

    /// @dev For any decimals, face value and amount: the payment is amount * face / 10**decimals rounded down (less
    /// than one payment-token base unit below the exact value), the tokens are burned and the funds move.
    function testFuzz_redeemAtMaturity_PaysFaceValueRoundedDown(uint8 decimals, uint128 face, uint256 amount) public {
        decimals = uint8(bound(decimals, 0, 18));
        face = uint128(bound(face, 1, 1e30));
        // Up to the token's maximum supply, and payments up to 1e38 payment-token base units (the accounts are uint128).
        uint256 maxAmount = Math.min(1e36, Math.mulDiv(1e38, 10 ** decimals, face));
        amount = bound(amount, 1, maxAmount);
        Token t = _deployBond(decimals);
        _grantBondRoles(t);
        IBond.BondTerms memory terms = _terms();
        terms.faceValue = face;
        vm.prank(ops);
        bond.setTerms(address(t), terms);
        vm.prank(issuer);
        t.mint(alice, amount);
        vm.warp(maturityDate);
        uint256 exactNum = amount * face; // < 2^256: at most 1e36 * 1e30
        uint256 unit = 10 ** decimals;
        uint256 expected = exactNum / unit;
        assertEq(bond.redemptionPayment(address(t), amount), expected);
        assertEq(bond.redemptionRequired(address(t)), expected);
        vm.prank(issuer);
        usd.mint(ops, expected + 1);
        _fundToken(t, expected + 1);
        if (expected == 0) {
            vm.expectRevert(abi.encodeWithSelector(IBond.RedemptionAmountTooSmall.selector, amount));
            vm.prank(alice);
            bond.redeemAtMaturity(address(t), amount);
            return;
        }
        uint256 before = usd.balanceOf(alice);
        vm.prank(alice);
        uint256 payment = bond.redeemAtMaturity(address(t), amount);
        assertEq(payment, expected);
        assertLe(payment * unit, exactNum, "never above face value");
        assertGt((payment + 1) * unit, exactNum, "less than one base unit below");
        assertEq(usd.balanceOf(alice) - before, payment);
        assertEq(t.balanceOf(alice), 0);
        assertEq(Math.mulDiv(amount, face, unit), payment);
    }

    function _renewKyc(address wallet) internal {
        vm.prank(officer);
        registry.setKycExpiry(wallet, uint64(block.timestamp + 365 days));
    }

    function _fundToken(Token t, uint256 amount) internal {
        vm.prank(ops);
        bond.fundRedemption(address(t), amount);
    }
}
